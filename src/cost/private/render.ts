import type { PricedMonth } from './pricing';

/** Short column headers, strategies 1 to 5. */
const COLUMNS = ['1 static', '2 tracking', '3 scheduled', '4 sched+Spot', '5 oracle'];

function usd(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function describeProfile(estimate: PricedMonth): string {
  const p = estimate.simulation.profile;
  const hours = p.requestsPerSecondByHour;
  const mean = hours.reduce((a, b) => a + b, 0) / 24;
  const peaks = (p.peaks ?? []).map((k) => `day ${k.dayOfMonth} (${k.durationDays ?? 1} d, x${k.multiplier})`).join(', ') || 'none';
  return `mean ${mean.toFixed(1)} req/s at the edge on weekdays (${p.timeZone ?? 'UTC'}), busiest hour ${Math.max(...hours).toFixed(1)} req/s; `
    + `weekends x${p.weekendFactor ?? 1}; peaks: ${peaks}; cache hit ratio ${p.cacheHitRatio ?? 0}; ${p.requestsPerTaskPerSecond} req/s per task at target`;
}

/** The plain-text report of an estimate. */
export function renderText(estimate: PricedMonth): string {
  const sim = estimate.simulation;
  const s = estimate.strategies;
  const svc = estimate.site.service;
  const out: string[] = [];
  out.push(`Cost and capacity: ${estimate.site.servicePath} in ${estimate.prices.region}, ${sim.month.toString()} (${sim.monthHours} h)`);
  out.push(`Traffic: ${describeProfile(estimate)}`);
  out.push(`Service: ${svc.cpu / 1024} vCPU / ${svc.memoryMiB / 1024} GB ${svc.cpuArchitecture ?? 'X86_64'} tasks, ${svc.minCapacity}-${svc.maxCapacity} tasks, `
    + `${(svc.targetTracking ?? []).length} target tracking policies, ${(svc.scheduledActions ?? []).length} scheduled actions`);
  out.push(`Requests in the month: ${(sim.edgeRequests / 1e6).toFixed(1)} M at the edge, ${(sim.originRequests / 1e6).toFixed(1)} M at the tasks`);
  out.push('');
  const width = 14;
  const first = 26;
  const row = (name: string, cells: string[]) => name.padEnd(first) + cells.map((c) => c.padStart(width)).join('');
  out.push(row('USD per month', COLUMNS));
  for (const service of s[0].lines.map((l) => l.service)) {
    out.push(row(service, s.map((x) => usd(x.lines.find((l) => l.service === service)?.usd ?? 0))));
  }
  out.push(row('Total', s.map((x) => usd(x.totalUsd))));
  out.push('');
  out.push(row('Compute / static', s.map((x) => x.computeRatioToStatic.toFixed(3))));
  out.push(row('Compute / oracle', s.map((x) => x.computeRatioToOracle.toFixed(3))));
  out.push(row('Total / static', s.map((x) => x.totalRatioToStatic.toFixed(3))));
  out.push(row('Total / oracle', s.map((x) => x.totalRatioToOracle.toFixed(3))));
  if (estimate.edge && estimate.edge.chosen !== 'PAY_AS_YOU_GO') {
    out.push(row('Total, edge pay-as-you-go', s.map((x) => usd(x.totalWithPayAsYouGoEdgeUsd))));
    out.push(row('Total / static, PAYG edge', s.map((x) => x.totalRatioToStaticWithPayAsYouGoEdge.toFixed(3))));
  }
  out.push(row('Task-hours', s.map((x) => x.capacity.taskHours.toFixed(1))));
  out.push(row('  of which on Spot', s.map((x) => x.capacity.spotTaskHours.toFixed(1))));
  out.push(row('Most tasks', s.map((x) => String(x.capacity.maxTasks))));
  out.push(row('Under-provisioned hours', s.map((x) => String(x.capacity.underProvisionedHours))));
  out.push(row('Under-provisioned minutes', s.map((x) => String(x.capacity.underProvisionedMinutes))));
  out.push(row('Task launches', s.map((x) => String(x.capacity.taskLaunches))));
  out.push(...renderEdgePricing(estimate));
  out.push('');
  out.push('Notes:');
  for (const note of estimate.notes) {
    out.push(`- ${note}`);
  }
  return out.join('\n') + '\n';
}

/** The edge's pricing options, one line each, the chosen one marked. */
function renderEdgePricing(estimate: PricedMonth): string[] {
  const edge = estimate.edge;
  if (!edge || edge.options.length < 2) {
    return [];
  }
  const sim = estimate.simulation;
  const out = ['', `Edge pricing (CloudFront and its web ACL) for ${(sim.edgeRequests / 1e6).toFixed(1)} M requests, `
    + `plans fitting within ${edge.headroom} x their allowances:`];
  for (const o of edge.options) {
    out.push(`${o.chosen ? '* ' : '  '}${o.name.padEnd(16)}${usd(o.usd).padStart(12)}  ${o.reason}`);
  }
  return out;
}

/** One line on how the edge is paid, for the plot. */
function edgeSummary(estimate: PricedMonth): string {
  const edge = estimate.edge;
  const chosen = edge?.options.find((o) => o.chosen);
  const payg = edge?.options.find((o) => o.name === 'PAY_AS_YOU_GO');
  if (!chosen || !payg || chosen === payg) {
    return '';
  }
  return `; edge on the ${chosen.name} flat-rate plan $${usd(chosen.usd)} instead of $${usd(payg.usd)} pay-as-you-go`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An SVG plot of origin demand against in-service capacity, one panel per strategy. */
export function renderSvg(estimate: PricedMonth): string {
  const sim = estimate.simulation;
  const hours = sim.hours;
  const rate = sim.profile.requestsPerTaskPerSecond;
  const width = 1200;
  const left = 60;
  const right = 20;
  const top = 70;
  const panelHeight = 150;
  const gap = 42;
  const plotWidth = width - left - right;
  const height = top + estimate.strategies.length * (panelHeight + gap) + 10;
  const maxDemand = Math.max(...hours.map((h) => h.originRequestsPerSecond));
  const maxCapacity = Math.max(...hours.flatMap((h) => h.minTasksInService.map((n) => n * rate)));
  const yMax = niceCeiling(Math.max(maxDemand, maxCapacity) * 1.05);
  const x = (i: number) => left + (i / hours.length) * plotWidth;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" `
    + 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="11">');
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">${escapeXml(`Demand vs capacity at the origin, ${sim.month.toString()}, `
    + `${estimate.site.servicePath} (${estimate.prices.region})`)}</text>`);
  parts.push(`<text x="${left}" y="40" fill="#444">${escapeXml(describeProfile(estimate) + edgeSummary(estimate))}</text>`);
  // Legend.
  parts.push(`<rect x="${left}" y="50" width="14" height="10" fill="#4a90d9" fill-opacity="0.45"/>`
    + `<text x="${left + 20}" y="59">demand (requests/s reaching the tasks)</text>`
    + `<line x1="${left + 260}" y1="55" x2="${left + 280}" y2="55" stroke="#1b7f3b" stroke-width="2"/>`
    + `<text x="${left + 286}" y="59">capacity: tasks in service x ${rate} req/s (fewest in the hour)</text>`
    + `<rect x="${left + 620}" y="50" width="14" height="10" fill="#d62728"/><text x="${left + 640}" y="59">under-provisioned hour</text>`
    + `<rect x="${left + 790}" y="50" width="14" height="10" fill="#f2e6c9"/><text x="${left + 810}" y="59">traffic peak</text>`);

  estimate.strategies.forEach((strategy, k) => {
    const y0 = top + k * (panelHeight + gap) + 18;
    const y = (value: number) => y0 + panelHeight - (value / yMax) * panelHeight;
    const c = strategy.capacity;
    parts.push(`<text x="${left}" y="${y0 - 6}" font-size="12" font-weight="bold">${escapeXml(`${strategy.label}: compute $${usd(strategy.computeUsd)}, `
      + `total $${usd(strategy.totalUsd)}, ${c.taskHours.toFixed(0)} task-h, compute x${strategy.computeRatioToStatic.toFixed(2)} of static, `
      + `x${strategy.computeRatioToOracle.toFixed(2)} of oracle, ${c.underProvisionedHours} h under-provisioned`)}</text>`);
    parts.push(`<rect x="${left}" y="${y0}" width="${plotWidth}" height="${panelHeight}" fill="#fafafa" stroke="#bbb"/>`);
    // Peak bands.
    hours.forEach((h, i) => {
      if (h.peak) {
        parts.push(`<rect x="${x(i).toFixed(1)}" y="${y0}" width="${(plotWidth / hours.length + 0.3).toFixed(2)}" height="${panelHeight}" fill="#f2e6c9"/>`);
      }
    });
    // Grid and y labels.
    for (const fraction of [0, 0.5, 1]) {
      const value = yMax * fraction;
      parts.push(`<line x1="${left}" y1="${y(value).toFixed(1)}" x2="${left + plotWidth}" y2="${y(value).toFixed(1)}" stroke="#ddd"/>`);
      parts.push(`<text x="${left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${value.toFixed(0)}</text>`);
    }
    // Demand as a filled step area.
    const demand = [`M${x(0).toFixed(1)},${y(0).toFixed(1)}`];
    hours.forEach((h, i) => {
      demand.push(`L${x(i).toFixed(1)},${y(h.originRequestsPerSecond).toFixed(1)}`, `L${x(i + 1).toFixed(1)},${y(h.originRequestsPerSecond).toFixed(1)}`);
    });
    demand.push(`L${x(hours.length).toFixed(1)},${y(0).toFixed(1)}Z`);
    parts.push(`<path d="${demand.join('')}" fill="#4a90d9" fill-opacity="0.45" stroke="none"/>`);
    // Capacity as a step line.
    const capacity: string[] = [];
    hours.forEach((h, i) => {
      const value = y(h.minTasksInService[k] * rate).toFixed(1);
      capacity.push(`${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${value}`, `L${x(i + 1).toFixed(1)},${value}`);
    });
    parts.push(`<path d="${capacity.join('')}" fill="none" stroke="#1b7f3b" stroke-width="1.6"/>`);
    // Under-provisioned hours: a red strip under the panel.
    hours.forEach((h, i) => {
      if (h.underProvisionedMinutes[k] > 0) {
        parts.push(`<rect x="${x(i).toFixed(1)}" y="${y0 + panelHeight + 1}" width="${Math.max(2, plotWidth / hours.length).toFixed(1)}" height="6" fill="#d62728"/>`);
      }
    });
    // Day labels at local midnight.
    hours.forEach((h, i) => {
      if (h.hourOfDay === 0) {
        parts.push(`<line x1="${x(i).toFixed(1)}" y1="${y0 + panelHeight}" x2="${x(i).toFixed(1)}" y2="${y0 + panelHeight + 4}" stroke="#888"/>`);
        if (h.dayOfMonth % 2 === 1 || hours.length < 400) {
          parts.push(`<text x="${(x(i) + 2).toFixed(1)}" y="${y0 + panelHeight + 17}" fill="#555">${h.dayOfMonth}</text>`);
        }
      }
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function niceCeiling(value: number): number {
  if (value <= 0) {
    return 1;
  }
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}
