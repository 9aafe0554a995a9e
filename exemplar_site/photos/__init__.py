"""Photos: size maths, one-decode processing (EXIF orientation, colour, no metadata), worker processes."""
