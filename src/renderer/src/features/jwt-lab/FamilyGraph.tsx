import type { RefreshFamilyView as RefreshFamily } from '../../../../common/api';

const ROW = 44;
const COL = 70;
const R = 16;

/**
 * Each login is one refresh family; each rotation adds a child token. A reused
 * token revokes the whole family, drawn in red.
 */
export function FamilyGraph({ families }: { families: RefreshFamily[] }) {
  const shown = families.slice(0, 5);
  if (shown.length === 0) return <p className="muted">No refresh families yet: sign in to start one.</p>;
  const layouts = shown.map(layout);
  const widest = Math.max(...layouts.map((l) => l.depth), 1);
  const rows = layouts.map((l) => Math.max(l.lanes, 1));
  const offsets = rows.map((_, i) => rows.slice(0, i).reduce((a, b) => a + b, 0));
  const width = 250 + widest * COL;
  const height = rows.reduce((a, b) => a + b, 0) * ROW + 10;
  return (
    <svg
      className="family-graph"
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: width }}
      role="img"
      aria-label="Refresh token families"
      data-testid="family-graph"
    >
      {shown.map((family, row) => {
        const y0 = 10 + offsets[row]! * ROW + ROW / 2;
        const revoked = family.revokedAt !== null;
        const { place } = layouts[row]!;
        const index = new Map(family.tokens.map((t, i) => [t.jti, i]));
        const x = (i: number) => 240 + place[i]!.depth * COL;
        const yOf = (i: number) => y0 + place[i]!.lane * ROW;
        const y = y0;
        return (
          <g key={family.id} data-testid={revoked ? 'family-revoked' : 'family-live'}>
            <text x={6} y={y - 4}>
              {family.email}
            </text>
            <text
              x={6}
              y={y + 12}
              className={revoked ? 'revoked-label' : ''}
              fill={revoked ? 'var(--danger)' : undefined}
            >
              {revoked ? `revoked: ${family.revokedReason}` : 'live'}
            </text>
            {family.tokens.map((token, i) => {
              const parent = token.parentJti ? index.get(token.parentJti) : undefined;
              return parent === undefined ? null : (
                <line
                  key={`e-${token.jti}`}
                  x1={x(parent) + R}
                  y1={yOf(parent)}
                  x2={x(i) - R}
                  y2={yOf(i)}
                  className={revoked ? 'revoked' : ''}
                />
              );
            })}
            {family.tokens.map((token, i) => {
              const state = revoked ? 'revoked' : token.status;
              return (
                <g key={token.jti}>
                  <title>{`refresh token #${i + 1} (${state}) jti ${token.jti}`}</title>
                  <circle cx={x(i)} cy={yOf(i)} r={R} className={`node-${state}`} strokeWidth={2} />
                  <text x={x(i)} y={yOf(i) + 4} textAnchor="middle">
                    #{i + 1}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** Depth = rotations since login; a second child of one token (a reuse that was let through) opens a new lane. */
function layout(family: RefreshFamily) {
  const place: Array<{ depth: number; lane: number }> = [];
  const byJti = new Map<string, number>();
  const children = new Map<string, number>();
  let lanes = 1;
  family.tokens.forEach((token, i) => {
    const parent = token.parentJti ? byJti.get(token.parentJti) : undefined;
    const depth = parent === undefined ? 0 : place[parent]!.depth + 1;
    const siblings = token.parentJti ? (children.get(token.parentJti) ?? 0) : 0;
    if (token.parentJti) children.set(token.parentJti, siblings + 1);
    const lane = parent === undefined ? 0 : siblings === 0 ? place[parent]!.lane : lanes++;
    place.push({ depth, lane });
    byJti.set(token.jti, i);
  });
  return { place, lanes, depth: Math.max(1, ...place.map((p) => p.depth + 1)) };
}
