import json

if __name__ == '__main__':
    import decimal
