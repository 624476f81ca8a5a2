import { ATTACK_STATUSES } from '../../../../common/schemas/attacks';
import { useStore } from '../../store';
import { DIFFICULTIES, STATUS_LABELS, type CatalogueFilters } from './catalogue';

/** The catalogue's three filters: lab, status, difficulty. */
export function CatalogueFilterBar({ onChange }: { onChange: (filters: Partial<CatalogueFilters>) => void }) {
  const filters = useStore((s) => s.catalogueFilters);
  const labs = useStore((s) => s.catalogue?.summary.perLab);
  return (
    <div className="catalogue-filters" role="group" aria-label="Filters">
      <label>
        Lab{' '}
        <select value={filters.lab} onChange={(event) => onChange({ lab: event.target.value })}>
          <option value="all">All labs</option>
          {labs?.map((lab) => (
            <option key={lab.lab} value={lab.lab}>
              {lab.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <select
          value={filters.status}
          onChange={(event) => onChange({ status: event.target.value as CatalogueFilters['status'] })}
        >
          <option value="all">Any status</option>
          {ATTACK_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Difficulty{' '}
        <select
          value={filters.difficulty}
          onChange={(event) => onChange({ difficulty: event.target.value as CatalogueFilters['difficulty'] })}
        >
          <option value="all">Any difficulty</option>
          {DIFFICULTIES.map((difficulty) => (
            <option key={difficulty} value={difficulty}>
              {difficulty}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
