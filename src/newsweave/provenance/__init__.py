"""Provenance stage: inside an event, which article is the original and which are its copies."""

from newsweave.provenance.trace import copy_evidence, trace_provenance

__all__ = ["copy_evidence", "trace_provenance"]
