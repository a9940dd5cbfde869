// The ranking chart of the comparison page, from the JSON the page carries (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  if (typeof echarts === "undefined") { return; }
  var data = JSON.parse(document.getElementById("compare-data").textContent);
  var el = document.getElementById("chart-ranking");
  if (!el || !data.agencies.length) { return; }
  var c = echarts.init(el);
  c.setOption({
    title: {text: data.by, left: "center", textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"},
    grid: {left: 200}, xAxis: {type: "value"},
    yAxis: {type: "category", data: data.agencies.slice().reverse()},
    series: [{name: data.by, type: "bar", data: data.values.slice().reverse()}]
  });
  window.addEventListener("resize", function () { c.resize(); });
});
