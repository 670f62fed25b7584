module.exports = require("./log-scan").setup;
