// Runs before the first paint (not deferred): marks that scripts run, so that the phone's menu may start closed.
document.documentElement.classList.add("js");
