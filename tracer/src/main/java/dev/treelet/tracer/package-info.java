/** The tracing kernel: scenes, BVH, treelets, ray state and one trace step. No Flink here. */
package dev.treelet.tracer;
