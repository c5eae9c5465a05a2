import mypkg
