// The secretariat's registry of connection points: the tree on the left and
// the chosen point (or a new one) on the right; the CSV import on its own
// page. Routes: /admin/registry, …/new, …/point/:code, …/import.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router';
import type { PointView } from '../../../../../src/contract/index.js';
import { useI18n } from '../../../i18n/i18n.js';
import { ErrorNote } from '../../../ui/common.js';
import { SecretariatOnly, useUserLogin } from '../SecretariatLayout.js';
import { ImportPanel } from './ImportPanel.js';
import { PointEditor } from './PointEditor.js';
import { RegistryTree } from './RegistryTree.js';
import { BASE, loadPoints } from './registry-api.js';
import {
  buildTree,
  countByKind,
  defaultExpanded,
  KINDS,
  NO_FILTER,
  type TreeFilter,
} from './tree.js';
import './registry.css';

export function RegistryPage() {
  return (
    <SecretariatOnly>
      <Registry />
    </SecretariatOnly>
  );
}

function Registry() {
  const { t } = useI18n();
  const { token } = useUserLogin();
  const [points, setPoints] = useState<PointView[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  const [filter, setFilter] = useState<TreeFilter>(NO_FILTER);

  const reload = useCallback(async () => {
    try {
      setPoints(await loadPoints(token));
      setLoadError(null);
    } catch (error) {
      setLoadError(error);
    }
  }, [token]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const tree = useMemo(() => buildTree(points ?? []), [points]);
  const open = useMemo(() => expanded ?? defaultExpanded(tree), [expanded, tree]);
  const toggle = useCallback(
    (codes: string[], to: boolean) => {
      const next = new Set(open);
      for (const code of codes) {
        if (to) next.add(code);
        else next.delete(code);
      }
      setExpanded(next);
    },
    [open],
  );
  const counts = useMemo(() => countByKind(points ?? []), [points]);
  const inactive = useMemo(() => (points ?? []).filter((p) => !p.active).length, [points]);

  const browser = (side: React.ReactNode) => (
    <div className="registry-main">
      <RegistryTree
        tree={tree}
        expanded={open}
        onToggle={toggle}
        onCollapseAll={() => setExpanded(new Set())}
        filter={filter}
        onFilter={setFilter}
      />
      <aside className="registry-side panel" aria-label={t('registry.side')}>
        {side}
      </aside>
    </div>
  );

  return (
    <section className="registry" aria-labelledby="registry-heading">
      <div className="registry-head">
        <h2 id="registry-heading">{t('registry.heading')}</h2>
        <Routes>
          <Route path="import" element={<Link to={BASE}>{t('registry.backToTree')}</Link>} />
          <Route
            path="*"
            element={
              <div className="row registry-actions">
                <Link className="button primary" to={`${BASE}/new`}>
                  {t('registry.new')}
                </Link>
                <Link className="button" to={`${BASE}/import`}>
                  {t('registry.import')}
                </Link>
              </div>
            }
          />
        </Routes>
      </div>
      {points ? (
        <p className="muted registry-summary" data-total={points.length}>
          {points.length === 0
            ? t('registry.empty')
            : t('registry.summary', {
                n: points.length,
                parts: KINDS.filter((k) => counts[k] > 0)
                  .map((k) => `${counts[k]} ${t(`registry.kindPlural.${k}`)}`)
                  .join(', '),
                inactive,
              })}
        </p>
      ) : loadError ? null : (
        <p className="muted">{t('common.loading')}</p>
      )}
      <ErrorNote error={loadError} />
      <Routes>
        <Route path="import" element={<ImportPanel token={token} onImported={reload} />} />
        <Route
          path="new"
          element={browser(<PointEditor key="new" tree={tree} token={token} onSaved={reload} />)}
        />
        <Route
          path="point/:code"
          element={<EditRoute browser={browser} tree={tree} token={token} reload={reload} />}
        />
        <Route
          path="*"
          element={browser(
            <div className="registry-hint">
              <h3>{t('registry.hint.heading')}</h3>
              <p>{t('registry.hint.text')}</p>
              {points?.length === 0 ? (
                <p>
                  <Link to={`${BASE}/import`}>{t('registry.hint.importFirst')}</Link>
                </p>
              ) : null}
            </div>,
          )}
        />
      </Routes>
    </section>
  );
}

function EditRoute({
  browser,
  tree,
  token,
  reload,
}: {
  browser: (side: React.ReactNode) => React.ReactNode;
  tree: ReturnType<typeof buildTree>;
  token: string;
  reload: () => Promise<void>;
}) {
  const { code = '' } = useParams();
  return browser(<PointEditor key={code} code={code} tree={tree} token={token} onSaved={reload} />);
}
