WHERE = 'path1'
