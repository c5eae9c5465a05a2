while x:
    import a
else:
    import b
for i in range(3):
    import c
with open(p) as f:
    import d
match cmd:
    case "go":
        import e
    case np.int8 | [*rest] | {"k": v} | Point(x=0) as q:
        import f
if x: import g
