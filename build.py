"""The command line of exemplar_site: `python build.py build|check|new ...`."""

from exemplar_site.start import run

if __name__ == "__main__":
    run()
