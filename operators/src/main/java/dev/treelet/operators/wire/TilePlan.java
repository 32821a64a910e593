package dev.treelet.operators.wire;

import java.io.Serializable;

/**
 * How the image is cut into square tiles (the last row and column may be smaller): tile ids are the
 * aggregator's keys and the Collector's unit of work. Pixels of a tile are numbered row-major.
 */
public record TilePlan(int width, int height, int tileSize) implements Serializable {
  public TilePlan {
    if (width < 1 || height < 1 || tileSize < 1) {
      throw new IllegalArgumentException("bad tile plan " + width + "x" + height + " / " + tileSize);
    }
  }

  public int tilesX() {
    return (width + tileSize - 1) / tileSize;
  }

  public int tileCount() {
    return tilesX() * ((height + tileSize - 1) / tileSize);
  }

  public int tileOf(int pixel) {
    int x = pixel % width;
    int y = pixel / width;
    return (y / tileSize) * tilesX() + x / tileSize;
  }

  public int tileWidth(int tile) {
    int x0 = (tile % tilesX()) * tileSize;
    return Math.min(tileSize, width - x0);
  }

  public int tileHeight(int tile) {
    int y0 = (tile / tilesX()) * tileSize;
    return Math.min(tileSize, height - y0);
  }

  public int pixelCount(int tile) {
    return tileWidth(tile) * tileHeight(tile);
  }

  /** The image pixel index of the i-th pixel (row-major) of tile. */
  public int pixel(int tile, int i) {
    int w = tileWidth(tile);
    int x = (tile % tilesX()) * tileSize + i % w;
    int y = (tile / tilesX()) * tileSize + i / w;
    return y * width + x;
  }

  /** The index within its tile of an image pixel. */
  public int localIndex(int pixel) {
    int x = pixel % width;
    int y = pixel / width;
    return (y % tileSize) * tileWidth(tileOf(pixel)) + x % tileSize;
  }
}
