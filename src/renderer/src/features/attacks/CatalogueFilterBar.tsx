import { useId } from 'react';
import { ATTACK_STATUSES } from '../../../../common/schemas/attacks';
import { useStore } from '../../store';
import { DIFFICULTIES, STATUS_LABELS, type CatalogueFilters } from './catalogue';

/** One filter: a labelled select whose first option keeps everything. */
function Filter<K extends keyof CatalogueFilters>({
  name,
  label,
  all,
  options,
  onChange,
}: {
  name: K;
  label: string;
  all: string;
  options: ReadonlyArray<{ value: CatalogueFilters[K]; label: string }>;
  onChange: (filters: Partial<CatalogueFilters>) => void;
}) {
  const id = useId();
  const value = useStore((s) => s.catalogueFilters[name]);
  return (
    <span>
      <label htmlFor={id}>{label}</label>{' '}
      <select
        id={id}
        value={value}
        onChange={(event) => onChange({ [name]: event.target.value } as Partial<CatalogueFilters>)}
      >
        <option value="all">{all}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </span>
  );
}

const STATUS_OPTIONS = ATTACK_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));
const DIFFICULTY_OPTIONS = DIFFICULTIES.map((difficulty) => ({ value: difficulty, label: difficulty }));

/** The catalogue's three filters: lab, status, difficulty. */
export function CatalogueFilterBar({ onChange }: { onChange: (filters: Partial<CatalogueFilters>) => void }) {
  const labs = useStore((s) => s.catalogue?.summary.perLab);
  const labOptions = (labs ?? []).map((lab) => ({ value: lab.lab, label: lab.title }));
  return (
    <div className="catalogue-filters" role="group" aria-label="Filters">
      <Filter name="lab" label="Lab" all="All labs" options={labOptions} onChange={onChange} />
      <Filter name="status" label="Status" all="Any status" options={STATUS_OPTIONS} onChange={onChange} />
      <Filter
        name="difficulty"
        label="Difficulty"
        all="Any difficulty"
        options={DIFFICULTY_OPTIONS}
        onChange={onChange}
      />
    </div>
  );
}
