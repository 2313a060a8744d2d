/** A 4-connected blob of pixels sharing one non-zero mask value. */
export interface Component {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The mask value its pixels share. */
  value: number;
  pixels: number;
  /** Pixels with a 4-neighbour outside the blob: about twice the stroke length for thin strokes. */
  edgePixels: number;
}

export interface Components {
  blobs: Component[];
  /** Per pixel, the index in `blobs` of the blob it belongs to, or -1 where the mask is 0. */
  labels: Int32Array;
}

/** Labels the blobs of every non-zero value of the mask at once (two-pass union-find). */
export function connectedComponents(mask: Int8Array, width: number, height: number): Components {
  const size = width * height;
  const labels = new Int32Array(size).fill(-1);
  const parent = new Int32Array((size >> 1) + 2);
  let next = 0;
  const root = (label: number): number => {
    let current = label;
    while (parent[current] !== current) {
      const grand = parent[parent[current] as number] as number;
      parent[current] = grand;
      current = grand;
    }
    return current;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const index = row + x;
      const value = mask[index];
      if (value === 0) continue;
      const up = y > 0 && mask[index - width] === value ? (labels[index - width] as number) : -1;
      const left = x > 0 && mask[index - 1] === value ? (labels[index - 1] as number) : -1;
      if (up < 0 && left < 0) {
        parent[next] = next;
        labels[index] = next++;
      } else if (up >= 0 && left >= 0) {
        const a = root(up);
        const b = root(left);
        const low = Math.min(a, b);
        labels[index] = low;
        if (a !== b) parent[Math.max(a, b)] = low;
      } else {
        labels[index] = up >= 0 ? up : left;
      }
    }
  }
  const minX = new Int32Array(next).fill(width);
  const minY = new Int32Array(next).fill(height);
  const maxX = new Int32Array(next).fill(-1);
  const maxY = new Int32Array(next).fill(-1);
  const count = new Int32Array(next);
  const edges = new Int32Array(next);
  const values = new Int8Array(next);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const index = row + x;
      const label = labels[index] as number;
      if (label < 0) continue;
      const r = root(label);
      labels[index] = r;
      const value = mask[index] as number;
      values[r] = value;
      const edge =
        x === 0 ||
        y === 0 ||
        x === width - 1 ||
        y === height - 1 ||
        mask[index - 1] !== value ||
        mask[index + 1] !== value ||
        mask[index - width] !== value ||
        mask[index + width] !== value;
      if (edge) edges[r] = (edges[r] as number) + 1;
      if (x < (minX[r] as number)) minX[r] = x;
      if (x > (maxX[r] as number)) maxX[r] = x;
      if (y < (minY[r] as number)) minY[r] = y;
      if (y > (maxY[r] as number)) maxY[r] = y;
      count[r] = (count[r] as number) + 1;
    }
  }
  const blobs: Component[] = [];
  const blobOf = new Int32Array(next).fill(-1);
  for (let r = 0; r < next; r++) {
    const pixels = count[r] as number;
    if (pixels === 0) continue;
    const x = minX[r] as number;
    const y = minY[r] as number;
    blobOf[r] = blobs.length;
    blobs.push({
      x,
      y,
      width: (maxX[r] as number) - x + 1,
      height: (maxY[r] as number) - y + 1,
      value: values[r] as number,
      pixels,
      edgePixels: edges[r] as number,
    });
  }
  for (let index = 0; index < size; index++) {
    const label = labels[index] as number;
    if (label >= 0) labels[index] = blobOf[label] as number;
  }
  return { blobs, labels };
}
