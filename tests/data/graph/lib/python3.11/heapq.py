def heappush(heap, item):
    heap.append(item)

if __name__ == "__main__":
    import doctest
    print(doctest.testmod())
