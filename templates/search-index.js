/* The search index of the honour roll, made by exemplar_site and read by assets/site.js.
   A script rather than JSON so that search works opened from disk, where pages cannot fetch(). */
window.exemplarSearchIndex = {"fields": {{ fields | tojson }}, "entries": {{ entries | tojson }}};
