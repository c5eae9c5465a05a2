class Heavy:
    pass
