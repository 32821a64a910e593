package dev.treelet.tracer.render;

import java.util.Arrays;

/**
 * The treelets that have rays waiting, as a set with constant-time add and remove and iteration over
 * its members only. Picking the next treelet to trace used to scan every treelet's queue, at every
 * step: a scene cut into 1,427 treelets of 16 KB spent a fifth of its single-process render's
 * tracing threads in that scan. Not thread-safe (its owner's lock or thread guards it).
 */
public final class ActiveTreelets {
  private final int[] members;
  /** Where each treelet is in members, or -1. */
  private final int[] position;
  private int size;

  public ActiveTreelets(int treelets) {
    members = new int[treelets];
    position = new int[treelets];
    Arrays.fill(position, -1);
  }

  public void add(int treelet) {
    if (position[treelet] < 0) {
      position[treelet] = size;
      members[size++] = treelet;
    }
  }

  public void remove(int treelet) {
    int p = position[treelet];
    if (p >= 0) {
      int last = members[--size];
      members[p] = last;
      position[last] = p;
      position[treelet] = -1;
    }
  }

  public void clear() {
    for (int i = 0; i < size; i++) {
      position[members[i]] = -1;
    }
    size = 0;
  }

  public int size() {
    return size;
  }

  /** The i-th member, 0 <= i < size(), in no particular order. */
  public int get(int i) {
    return members[i];
  }
}
