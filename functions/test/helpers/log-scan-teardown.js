module.exports = require("./log-scan").teardown;
