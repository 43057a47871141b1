"""Analyzers that turn pixels into typed findings.

Nothing in this package knows about Qt, speech or other analyzers. Each analyzer
has one small interface (:class:`vidimo.models.base.Analyzer`): it loads lazily
on a device and returns frozen dataclasses of plain Python types.
"""
