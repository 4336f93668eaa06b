#!/usr/bin/env python3
"""Prints the colormap anchors of encmap's continuous colour scales (Sources/Map/ColourScale.swift) as Swift
literals: matplotlib's viridis sampled at t = 0, 1/16, ..., 1 (rounded to 0..255), and ColorBrewer's 11-class
RdBu reversed (blue for negative values), whose published hex values are listed here.

usage: python3 scripts/colormap-anchors.py   (needs matplotlib; written with matplotlib 3.11.2)
"""
from matplotlib import colormaps

viridis = [tuple(round(x * 255) for x in colormaps["viridis"](k / 16)[:3]) for k in range(17)]
rdbu = ["053061", "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7", "fddbc7", "f4a582", "d6604d", "b2182b", "67001f"]
print("static let viridis: [(Double, Double, Double)] = [" + ", ".join(f"({r}, {g}, {b})" for r, g, b in viridis) + "]")
print("static let rdbu: [(Double, Double, Double)] = [" +
      ", ".join(f"({int(h[0:2], 16)}, {int(h[2:4], 16)}, {int(h[4:6], 16)})" for h in rdbu) + "]")
