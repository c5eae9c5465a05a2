import io
