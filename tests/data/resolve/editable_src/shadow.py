WHERE = 'editable'
