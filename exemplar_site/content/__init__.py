"""Content: the files under content/ turned into checked, frozen exemplars and every problem found."""
