/* Loaded in <head>, before anything is drawn: marks the page as having JavaScript, so the stylesheet can
   keep room for what the deferred scripts will show (the locator's form and map) and nothing below them
   moves when they appear. Without JavaScript nothing changes: those parts stay hidden. */
document.documentElement.classList.add("js-on");
