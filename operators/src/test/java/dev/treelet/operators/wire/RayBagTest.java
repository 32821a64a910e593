package dev.treelet.operators.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.treelet.tracer.ray.RayBatch;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RayBagTest {
  private static RayBag roundTrip(RayBag bag) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    RayBag.TYPE.createSerializer(null).serialize(bag, out);
    return RayBag.TYPE.createSerializer(null).deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @Test
  void aCameraBagIsTwentyBytesOfRecipeEnteringTheRootWithItsHeading() throws IOException {
    RayBag bag = RayBag.camera(7, 3, 5, 512, 9).routedTo(11, 2, 1, 99);
    RayBag back = roundTrip(bag);
    assertTrue(back.isCamera());
    assertFalse(back.carriesRays(), "its rays are made where traced: none on the wire");
    assertEquals(RayBag.ROOT, back.entryTreelet());
    assertEquals(512, back.size());
    assertEquals(9, back.heading(), "the treelet its rays head for after the root");
    assertEquals(20, back.encoded().length);
    assertArrayEquals(bag.encoded(), back.encoded());
    assertEquals(11, back.workerKey());
  }

  @Test
  void onlyBagsOfEncodedRaysCarryRays() {
    assertTrue(RayBag.of(3, new RayBatch(1)).carriesRays());
    assertFalse(RayBag.stopMarker(0, 1, 0).carriesRays());
  }

  @Test
  void aDamagedCameraBagIsRefusedByName() {
    RayBag empty = new RayBag(RayBag.CAMERA, 0, 0, 0, 0, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0});
    IOException e = assertThrows(IOException.class, () -> roundTrip(empty)); // no samples: end == first
    assertTrue(e.getMessage().contains("malformed camera bag"), e.getMessage());
  }
}
