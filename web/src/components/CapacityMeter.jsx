// How many of its 49 numbers a use case holds: a <meter> named after the
// use case, with "n of 49" beside it. The bar turns yellow near the cap
// and red at it (the text says the same).
export function CapacityMeter({ used, capacity, name }) {
  const high = Math.max(capacity - 1, 1);
  return (
    <span class="capacity">
      <meter
        min={0}
        max={capacity}
        value={Math.min(used, capacity)}
        low={Math.floor(capacity * 0.8)}
        high={high}
        optimum={0}
        aria-label={`Numbers in ${name}`}
      />
      <span class="capacity-text">
        {used} of {capacity}
        {used >= capacity && <span class="capacity-full"> (full)</span>}
      </span>
    </span>
  );
}
