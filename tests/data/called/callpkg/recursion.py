"""Two functions calling each other: followed once each."""


def ping(n):
    import callpkg.leaf_ping

    return n <= 0 or pong(n - 1)


def pong(n):
    import callpkg.leaf_pong

    return ping(n)


ping(1)
