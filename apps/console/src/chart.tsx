import { AreaSeries, CandlestickSeries, ColorType, createChart, type IChartApi, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";

export interface CandlePoint {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface LinePoint {
  time: string;
  value: number;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000) as UTCTimestamp;

/** A chart in a box of fixed height (no jump while data loads), sized to its container's width. */
function useChart(draw: (chart: IChartApi) => void, deps: readonly unknown[]) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const chart = createChart(box.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: "#ffffff" }, textColor: "#3b3650", attributionLogo: false },
      grid: { vertLines: { color: "#f0edf6" }, horzLines: { color: "#f0edf6" } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    draw(chart);
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, deps);
  return box;
}

export function CandleChart({ candles, label }: { candles: readonly CandlePoint[]; label: string }) {
  const box = useChart(
    (chart) => {
      const series = chart.addSeries(CandlestickSeries, {
        upColor: "#1f8a5b",
        downColor: "#c23b4a",
        wickUpColor: "#1f8a5b",
        wickDownColor: "#c23b4a",
        borderVisible: false,
      });
      series.setData(candles.map((c) => ({ time: seconds(c.time), open: c.open, high: c.high, low: c.low, close: c.close })));
    },
    [candles],
  );
  return <div className="chart" ref={box} role="img" aria-label={label} />;
}

export function LineChart({ points, label }: { points: readonly LinePoint[]; label: string }) {
  const box = useChart(
    (chart) => {
      const series = chart.addSeries(AreaSeries, {
        lineColor: "#6b3fa0",
        topColor: "rgba(107,63,160,0.25)",
        bottomColor: "rgba(107,63,160,0.02)",
      });
      series.setData(points.map((p) => ({ time: seconds(p.time), value: p.value })));
    },
    [points],
  );
  return <div className="chart" ref={box} role="img" aria-label={label} />;
}
