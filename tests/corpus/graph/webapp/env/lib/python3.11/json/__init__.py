from .decoder import JSONDecoder
