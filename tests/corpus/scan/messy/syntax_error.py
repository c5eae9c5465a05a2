import good_before
def broken(:
    pass
import good_after
