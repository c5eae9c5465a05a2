class Eager: pass
