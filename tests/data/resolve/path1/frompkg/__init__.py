attr = 1
