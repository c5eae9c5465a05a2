import bad_utf8
s = "ÿþ"
