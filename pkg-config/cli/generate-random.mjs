// The generator's random streams (sfc32, seeded through a 32-bit mix of seed, stream and index)
// and the weighted choices and curves it draws with.

export function hashText(text) {
  // cyrb53-style string hash folded to 32 bits.
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

function mix32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A seeded random stream with the distributions the generator needs. */
export class Random {
  constructor(seedHash, stream, index) {
    let a = mix32(seedHash ^ 0x9e3779b9);
    let b = mix32(a ^ Math.imul(stream + 1, 0x85ebca6b));
    let c = mix32(b ^ (index >>> 0));
    let d = mix32(c ^ Math.floor(index / 0x100000000) ^ 0x27d4eb2f);
    this.s = [a, b, c, d];
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform number in [0, 1). */
  next() {
    let [a, b, c, d] = this.s;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s[0] = a;
    this.s[1] = b;
    this.s[2] = c;
    this.s[3] = d;
    return (t >>> 0) / 4294967296;
  }

  chance(p) {
    return this.next() < p;
  }

  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks from a table made by `weights`. */
  weighted(table) {
    const roll = this.next() * table.total;
    const { items, cumulative } = table;
    for (let i = 0; i < cumulative.length; i++) if (roll < cumulative[i]) return items[i];
    return items[items.length - 1];
  }

  normal() {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  exponential(mean) {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Poisson by inversion (small means) or a rounded normal (large ones). */
  poisson(mean) {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** A weighted choice table from `[[item, weight], ...]`. */
export function weights(entries) {
  let total = 0;
  const cumulative = entries.map(([, weight]) => (total += weight));
  return { items: entries.map(([item]) => item), cumulative, total };
}

export function logistic(x) {
  return 1 / (1 + Math.exp(-x));
}
