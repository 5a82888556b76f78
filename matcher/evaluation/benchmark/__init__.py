"""The labelled matching benchmark: data files, the rubric (RUBRIC.md), its judge and its generator."""
