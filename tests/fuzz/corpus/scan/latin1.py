# -*- coding: latin-1 -*-
import café
s = "grüß"
