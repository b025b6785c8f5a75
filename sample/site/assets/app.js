// Sample site script: page furniture that a text extractor must ignore.
(function () {
  var config = { refreshSeconds: 300, maxComments: 25, priceFloor: "$0.01 per 1M tokens" };
  document.documentElement.className = document.documentElement.className.replace("no-js", "js");
  window.sampleSiteConfig = config;
})();
