"""Photos: the sizes a roll needs, size maths, one-decode processing (EXIF orientation, colour, no
metadata), worker processes."""
