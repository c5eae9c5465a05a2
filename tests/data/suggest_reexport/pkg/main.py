from pkg import A

X = A()
