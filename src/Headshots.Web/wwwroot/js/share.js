// Copies a new share link to the clipboard; the field stays selectable for browsers without clipboard access.
for (const button of document.querySelectorAll('[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    button.addEventListener('click', async () => {
        field.select();
        try {
            await navigator.clipboard.writeText(field.value);
            button.textContent = 'Copied';
        } catch {
            button.textContent = 'Press Ctrl+C to copy';
        }
    });
}
