import enum
