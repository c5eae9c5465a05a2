WHERE = 'path2'
