module.exports = () => {
  require("./log-scan").teardown();
  require("./query-index-scan").teardown();
};
