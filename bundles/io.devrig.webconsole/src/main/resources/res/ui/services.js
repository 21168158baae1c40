/*
 * DevRig's Services page script for the Felix Web Console 4.8.12 (replaces the console's
 * res/ui/services.js; same page template, same data, same look).
 *
 * Every value that comes from the service registry -- property keys and values, service
 * types, bundle names, ids -- reaches the page as text (jQuery .text() / .attr(), DOM text
 * nodes), never as markup, so a service property such as <img src=x onerror=...> shows
 * as those characters and runs nothing (CVE-2025-25247). Only fixed markup written here
 * is built from strings.
 *
 * Globals from the page (services.html): i18n, bundlePath, drawDetails, data, filter;
 * from the console: pluginRoot, $, and String.prototype.msgFormat, mixedLinksExtraction.
 */
var devrigServices = (function() {
	var rowTemplate = null;
	var tableBody = null;

	/** The filter as typed: the page hands it over HTML-escaped. */
	function unescapeXml(s) {
		return String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
			.replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&');
	}

	/** A value as text: arrays one element a line, nothing as a no-break space. */
	function appendValue(cell, value) {
		if (typeof value === 'undefined' || value === null) {
			cell.text('\u00a0');
		} else if ($.isArray(value)) {
			for (var i = 0; i < value.length; i++) {
				if (i > 0) {
					cell.append($('<br/>'));
				}
				cell.append(document.createTextNode(String(value[i])));
			}
		} else {
			cell.text(String(value));
		}
	}

	/** A cell of the details table (fixed markup, content as text). */
	function detailCell() {
		return $('<td class="aligntop" style="border:0px none"></td>');
	}

	function bundleLink(bundleId, symbolicName) {
		return $('<a></a>').attr('href', bundlePath + encodeURIComponent(String(bundleId)))
			.text(String(symbolicName) + ' (' + String(bundleId) + ')');
	}

	function entry(service) {
		var id = String(service.id);
		var row = rowTemplate.clone().attr('id', 'entry' + id).appendTo(tableBody);
		var icon = row.find('.bIcon').attr('id', 'img' + id).click(function() {
			showDetails(id);
		});
		if (drawDetails) {
			icon.after(document.createTextNode(id));
		} else {
			icon.after($('<a></a>').attr('href', window.location.pathname + '/' + encodeURIComponent(id)).text(id));
		}
		row.find('td:eq(1)').text(String(service.types));
		row.find('td:eq(2)').empty().append(bundleLink(service.bundleId, service.bundleSymbolicName));
		row.find('td:eq(3)').text(String(service.ranking));
	}

	function renderData(all) {
		$('.statline').text(i18n.statline.msgFormat(all.serviceCount));
		$('#plugin_table > tbody > tr').remove();
		for (var i = 0; i < all.data.length; i++) {
			entry(all.data[i]);
		}
		if (drawDetails) {
			renderDetails(all);
		}
	}

	function showDetails(id) {
		$.get(pluginRoot + '/' + encodeURIComponent(id) + '.json', null, function(answer) {
			renderDetails(answer);
		}, 'json');
	}

	function hideDetails(id) {
		$('#pluginInlineDetails' + id).remove();
		$('#img' + id).removeClass('ui-icon-triangle-1-w').removeClass('ui-icon-triangle-1-s')
			.addClass('ui-icon-triangle-1-e').unbind('click').click(function() {
				showDetails(id);
			});
	}

	function renderDetails(answer) {
		var service = answer.data[0];
		var id = String(service.id);
		var icon = $('#img' + id);
		if (drawDetails) {
			var back = window.location.pathname;
			back = back.substring(0, back.lastIndexOf('/'));
			icon.removeClass('ui-icon-triangle-1-e').removeClass('ui-icon-triangle-1-s')
				.addClass('ui-icon-triangle-1-w').attr('title', i18n.back).unbind('click').click(function() {
					window.location = back;
				});
		} else {
			icon.removeClass('ui-icon-triangle-1-w').removeClass('ui-icon-triangle-1-e')
				.addClass('ui-icon-triangle-1-s').attr('title', i18n.detailsHide).unbind('click').click(function() {
					hideDetails(id);
				});
		}
		var body = $('<tbody></tbody>');
		var props = service.props || [];
		for (var i = 0; i < props.length; i++) {
			var key = $('<td class="aligntop" noWrap="true" style="border:0px none"></td>').text(String(props[i].key));
			var value = detailCell();
			appendValue(value, props[i].value);
			$('<tr></tr>').append(key).append(value).appendTo(body);
		}
		var users = service.usingBundles || [];
		if (users.length > 0) {
			var cell = detailCell();
			for (var u = 0; u < users.length; u++) {
				cell.append(bundleLink(users[u].bundleId, users[u].bundleSymbolicName)).append($('<br/>'));
			}
			$('<tr></tr>').append($('<td class="aligntop" noWrap="true" style="border:0px none"></td>')
				.text(i18n.usingBundles)).append(cell).appendTo(body);
		}
		var details = $('<div></div>').attr('id', 'pluginInlineDetails' + id);
		if (body.children().length > 0) {
			details.append($('<table border="0"></table>').append(body));
		}
		$('#entry' + id + ' > td').eq(1).append(details);
	}

	return {
		start : function() {
			tableBody = $('#plugin_table tbody');
			rowTemplate = tableBody.find('tr').clone();
			tableBody.empty();
			$('.servicesFilter').val(unescapeXml(filter));
			renderData(data);
			$('#plugin_table').tablesorter({
				headers : {
					0 : { sorter : 'digit' },
					3 : { sorter : 'digit' }
				},
				sortList : [ [ 1, 0 ] ],
				textExtraction : mixedLinksExtraction
			});
		}
	};
})();

$(document).ready(function() {
	devrigServices.start();
});
