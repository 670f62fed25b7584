module.exports = () => {
  require("./log-scan").setup();
  require("./query-index-scan").setup();
};
