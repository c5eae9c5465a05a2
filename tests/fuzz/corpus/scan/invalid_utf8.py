import a
x = "ÿþ"
import b
