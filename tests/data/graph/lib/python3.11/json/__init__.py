from .decoder import JSONDecoder
from .encoder import JSONEncoder
