// Live progress for unfinished generations: polls a small JSON endpoint and reloads the page when a new headshot is
// ready or a generation is done, so results appear without the user doing anything. A reload simply polls again.
(() => {
    const pending = [...document.querySelectorAll("[data-generation][data-finished=false]")];
    if (pending.length === 0) return;

    const poll = async () => {
        let finishedOne = false;
        for (const card of pending) {
            try {
                const response = await fetch(`/Headshots/Status?id=${card.dataset.generation}`, { headers: { "Accept": "application/json" } });
                if (!response.ok) continue;
                const status = await response.json();
                const text = status.status === "Queued" && status.queuePosition > 0
                    ? `Waiting for its turn (${status.queuePosition} ahead)…`
                    : status.message;
                card.querySelector(".progress").textContent = text;
                if (status.finished || status.headshots.length > Number(card.dataset.results)) finishedOne = true;
            } catch {
                card.querySelector(".progress").textContent = "Lost contact with the server — retrying…";
            }
        }
        if (finishedOne) {
            location.reload();
        } else {
            setTimeout(poll, 1500);
        }
    };
    setTimeout(poll, 1000);
})();
