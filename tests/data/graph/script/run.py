import helper

if __name__ == "__main__":
    import csv
