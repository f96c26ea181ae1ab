// Before/after on a share link: one button swaps the headshot for the photo it was made from and back.
// Without script the headshot alone shows; the original stays hidden.
for (const figure of document.querySelectorAll('[data-before-after]')) {
    const before = figure.querySelector('[data-before]');
    const after = figure.querySelector('[data-after]');
    const toggle = figure.querySelector('[data-toggle]');
    if (!before || !after || !toggle) {
        continue;
    }
    toggle.hidden = false;
    toggle.addEventListener('click', () => {
        const showingBefore = !before.hidden;
        before.hidden = showingBefore;
        after.hidden = !showingBefore;
        toggle.textContent = showingBefore ? 'Show the original photo' : 'Show the headshot';
    });
}
