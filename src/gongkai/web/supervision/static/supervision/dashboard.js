// Draws the dashboard's charts from the JSON the page carries (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  if (typeof echarts === "undefined") { return; }
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = echarts.init(el);
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }
  chart("chart-months", {
    title: {text: "各月收到申请", left: "center", textStyle: {fontSize: 14}},
    tooltip: {trigger: "axis"}, legend: {bottom: 0},
    xAxis: {type: "category", data: data.months}, yAxis: {type: "value", minInterval: 1},
    series: data.by_month.map(function (s) { return {name: s.name, type: "bar", stack: "all", data: s.data}; })
  });
  chart("chart-outcomes", {
    title: {text: "办理结果", left: "center", textStyle: {fontSize: 14}}, tooltip: {trigger: "item"},
    series: [{type: "pie", radius: ["35%", "65%"], data: data.outcomes}]
  });
  chart("chart-timeliness", {
    title: {text: "按时答复", left: "center", textStyle: {fontSize: 14}}, tooltip: {trigger: "item"},
    series: [{type: "pie", radius: "60%", data: [
      {name: "按时", value: data.timeliness.on_time}, {name: "逾期", value: data.timeliness.late}]}]
  });
  chart("chart-rates", {
    title: {text: "复议、诉讼被纠错", left: "center", textStyle: {fontSize: 14}}, tooltip: {trigger: "axis"},
    legend: {bottom: 0}, xAxis: {type: "category", data: data.rates.map(function (r) { return r.name; })},
    yAxis: {type: "value", minInterval: 1},
    series: [{name: "审结", type: "bar", data: data.rates.map(function (r) { return r.total; })},
             {name: "被纠错", type: "bar", data: data.rates.map(function (r) { return r.corrected; })}]
  });
});
